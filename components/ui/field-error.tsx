/** A field's errors, under the field; the input points at it with aria-describedby. */
export function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors.join(" ")}
    </p>
  );
}

/** A form-level message (role="alert" so it is announced). */
export function FormMessage({ id, message }: { id?: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" data-testid="form-message" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800">
      {message}
    </p>
  );
}
