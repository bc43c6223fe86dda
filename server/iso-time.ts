/**
 * A time in ms written as Date#toISOString() writes it, rounded to the ms as Node rounds its Stats
 * dates. V8 formats a Date with snprintf in C++, about half a microsecond each; get_file_info writes
 * three per call and a listing with sizes one per file, so the common years are done here in arithmetic.
 */

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from there on (and before 1970, and NaN) Date writes it, or throws. */
const YEAR_10000_MS = 253_402_300_800_000;

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** `ms` as toISOString() writes new Date(Math.round(ms)). */
export function isoTime(ms: number): string {
  const t = Math.round(ms);
  if (!(t >= 0 && t < YEAR_10000_MS)) return new Date(t).toISOString();
  const days = Math.floor(t / DAY_MS);
  const inDay = t - days * DAY_MS;
  // The civil date of a day number (Howard Hinnant's civil_from_days), in 400-year eras from 0000-03-01.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor(inDay / 60_000) % 60;
  const seconds = Math.floor(inDay / 1000) % 60;
  return `${year}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${three(inDay % 1000)}Z`;
}
