// Request bodies read with a ceiling: a client cannot make Keyward buffer more than the
// endpoint could ever need. Content-Length is checked first (no read at all), then the stream
// is counted as it arrives and cancelled at the limit (a chunked body has no Content-Length).
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;
export const FORM_BODY_LIMIT_BYTES = 16 * 1024;

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${Math.round(limitBytes / 1024)} KB`);
  }
}

export async function readLimitedText(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The body is not JSON: 415, before anything in it is looked at. */
export class UnsupportedMediaTypeError extends Error {
  override name = "UnsupportedMediaTypeError";
  constructor() {
    super("Send the body as JSON with Content-Type: application/json (charset, if given, utf-8)");
  }
}

// RFC 9110 8.3.1: type "/" subtype *( OWS ";" OWS parameter ), parameter value a token or a
// quoted string.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const PARAMETER = `[ \\t]*;[ \\t]*(${TOKEN})=(${TOKEN}|${QUOTED})`;
const MEDIA_TYPE = new RegExp(`^[ \\t]*(${TOKEN})/(${TOKEN})((?:${PARAMETER})*)[ \\t]*$`);
const EACH_PARAMETER = new RegExp(PARAMETER, "g");

/**
 * Whether a Content-Type header says JSON, exactly: application/json (any case), parameters
 * allowed, a charset only if it is utf-8. Matching less strictly lets any web page post JSON
 * here: a browser sends `text/plain; x=application/json` cross-site without a CORS preflight.
 */
export function isJsonContentType(header: string | null): boolean {
  // Stryker disable next-line StringLiteral: no header is no media type; any stand-in text without a "/" is refused alike
  const match = MEDIA_TYPE.exec(header ?? "");
  if (!match || `${match[1]}/${match[2]}`.toLowerCase() !== "application/json") return false;
  // Stryker disable next-line StringLiteral: the parameters' group always takes part in a match (empty when there are none)
  for (const [, name, raw] of (match[3] ?? "").matchAll(EACH_PARAMETER)) {
    // Stryker disable next-line MethodExpression: a token cannot hold a quote, so a value starts with one exactly when it is a quoted string, and then also ends with one
    const quoted = raw!.startsWith('"');
    const value = quoted ? raw!.slice(1, -1).replace(/\\(.)/g, "$1") : raw!;
    if (name!.toLowerCase() === "charset" && value.toLowerCase() !== "utf-8") return false;
  }
  return true;
}

/**
 * The text of a JSON request body, for every endpoint that reads one: within the limit, and
 * refused (UnsupportedMediaTypeError) unless it is declared as JSON. An empty body has no
 * media type to check: a POST may carry nothing but its credential.
 */
export async function readJsonText(request: Request, limitBytes: number): Promise<string> {
  const text = await readLimitedText(request, limitBytes);
  if (text.trim() !== "" && !isJsonContentType(request.headers.get("content-type")))
    throw new UnsupportedMediaTypeError();
  return text;
}
