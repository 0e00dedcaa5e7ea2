// Reading a submitted FormData: a field is a string or nothing. A File (a crafted
// multipart request) or a missing field is not text, and never reaches a schema as one.

/** One field as text; undefined when missing or not text. */
export function formText(value: FormDataEntryValue | null): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Every value of a repeated field (checkboxes) that is text. */
export function formTexts(formData: FormData, name: string): string[] {
  return formData.getAll(name).filter((value): value is string => typeof value === "string");
}
