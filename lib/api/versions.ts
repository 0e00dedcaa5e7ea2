import { notFound } from "../http/protocol-error";

/** The dated versions of the Invoca-style API (newest first). One list, used everywhere. */
export const SUPPORTED_API_VERSIONS = ["2022-08-01", "2021-05-01"] as const;

export function assertSupportedVersion(version: string): void {
  if (!(SUPPORTED_API_VERSIONS as readonly string[]).includes(version)) {
    throw notFound(
      `Unknown API version "${version.slice(0, 40)}". Supported versions: ${SUPPORTED_API_VERSIONS.join(", ")}`,
    );
  }
}

/** "1111.json" → "1111"; anything else is not a resource path. */
export function idFromJsonFile(file: string): string {
  const match = /^([A-Za-z0-9_-]{1,64})\.json$/.exec(file);
  if (!match) throw notFound("Unknown resource; paths end in <id>.json");
  return match[1]!;
}
