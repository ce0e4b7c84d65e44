// Dates in the loyalty program: birthdays (a Feb 29 birthday is celebrated on Feb 28 in other years)
// and the inactivity after which unspent points expire.
import { DAY_MS } from '../clock.ts';

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The `MM-DD` values whose birthday is celebrated on `now`'s UTC date. */
export function birthdaysCelebratedOn(now: Date): string[] {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  const day = String(now.getUTCDate()).padStart(2, '0');
  const today = `${month}-${day}`;
  if (today === '02-28' && !isLeapYear(now.getUTCFullYear())) return [today, '02-29'];
  return [today];
}

/** `YYYY-MM-DD` or `MM-DD` → `MM-DD`. */
export function birthdayMonthDay(birthday: string): string {
  return birthday.slice(-5);
}

/** Points untouched since before this instant expire. */
export function expiryCutoff(now: Date, expiryDays: number): Date {
  return new Date(now.getTime() - expiryDays * DAY_MS);
}
