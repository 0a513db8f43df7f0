const formats = {
  full: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
  short: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
};

/** A timestamp from the API (ISO string or epoch milliseconds), shown in the user's locale (`short` for narrow columns). */
export function Time({ value, format = 'full' }: { value: string; format?: keyof typeof formats }) {
  const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{value}</span>;
  return (
    <time dateTime={date.toISOString()} title={format === 'full' ? undefined : formats.full.format(date)}>
      {formats[format].format(date)}
    </time>
  );
}
