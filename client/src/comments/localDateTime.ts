const pad = (value: number) => String(value).padStart(2, '0');

/** An ISO date-time as the value of an `<input type="datetime-local">`, in the browser's zone. */
export function toLocalInput(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** The value of a `datetime-local` input as an ISO date-time in UTC, or null if it is not one. */
export function fromLocalInput(value: string): string | null {
  if (value === '') return null;
  // Without a zone, the Date constructor reads a date-time as local time, as the input means it.
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
