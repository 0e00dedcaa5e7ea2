import { describe, expect, it } from "vitest";
import { isJsonContentType, readJsonText, UnsupportedMediaTypeError } from "./body";

const post = (body: string, type?: string) =>
  new Request("http://keyward.test/api", {
    method: "POST",
    body,
    headers: type === undefined ? {} : { "Content-Type": type },
  });

describe("isJsonContentType", () => {
  it("accepts application/json in any case, with parameters, and a utf-8 charset", () => {
    for (const type of [
      "application/json",
      "Application/JSON",
      "application/json; charset=utf-8",
      "application/json;charset=UTF-8",
      'application/json; charset="utf-8"',
      "application/json ; foo=bar",
      " application/json ",
    ]) {
      expect(isJsonContentType(type), type).toBe(true);
    }
  });

  it("refuses anything that merely mentions JSON, another charset, or no type at all", () => {
    for (const type of [
      null,
      "",
      "text/plain; x=application/json",
      "text/plain;application/json",
      "text/plain",
      "application/jsonp",
      "application/json-patch+json",
      "application/x-www-form-urlencoded; y=application/json",
      "multipart/form-data; boundary=application/json",
      "application/json; charset=iso-8859-1",
      "application/json; charset=utf-8; charset=latin1",
      "application/json, text/plain",
      "application/json; charset",
      "application /json",
    ]) {
      expect(isJsonContentType(type), String(type)).toBe(false);
    }
  });

  it("reads a quoted charset with its escapes undone (RFC 9110 quoted-pair)", () => {
    expect(isJsonContentType('application/json; charset="utf\\-8"')).toBe(true);
    expect(isJsonContentType('application/json; charset="\\u\\t\\f\\-\\8"')).toBe(true);
    expect(isJsonContentType('application/json; charset="utf\\-16"')).toBe(false);
  });
});

describe("readJsonText", () => {
  it("reads a JSON body and an empty one, and refuses a non-empty body of any other type", async () => {
    expect(await readJsonText(post('{"a":1}', "application/json; charset=utf-8"), 1024)).toBe('{"a":1}');
    expect(await readJsonText(post("", "text/plain"), 1024)).toBe("");
    await expect(readJsonText(post('{"a":1}', "text/plain; x=application/json"), 1024)).rejects.toThrow(
      UnsupportedMediaTypeError,
    );
    await expect(readJsonText(post('{"a":1}'), 1024)).rejects.toThrow(UnsupportedMediaTypeError);
  });

  it("treats a body of whitespace alone as empty, whatever its type", async () => {
    expect(await readJsonText(post(" \r\n\t ", "text/plain"), 1024)).toBe(" \r\n\t ");
    expect(await readJsonText(post(" \n"), 1024)).toBe(" \n");
  });

  it("refuses with a 415 error that names itself and tells the client what to send", async () => {
    const refusal = await readJsonText(post("{}", "text/plain"), 1024).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(refusal).toMatchObject({
      name: "UnsupportedMediaTypeError",
      message: "Send the body as JSON with Content-Type: application/json (charset, if given, utf-8)",
    });
  });
});
