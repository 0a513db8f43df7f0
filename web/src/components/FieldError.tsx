/** A problem with one form field, shown under it and tied to the input with aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <span className="field__error" id={id} role="alert" data-testid={id}>
      {message}
    </span>
  );
}
