// Human-friendly referral codes like `ANN-7K2Q`: a name part people recognise, then a random part
// without look-alike characters (no 0/O, 1/I/L) so codes survive being read aloud or retyped.
import { randomChars } from '../ids.ts';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function codeStem(name: string | null | undefined, email: string | null | undefined): string {
  // The first name reads best ("ANN-7K2Q"); the email's local part when there is no name.
  const source = name?.trim().split(/\s+/)[0] || email?.split('@')[0] || '';
  const letters = source
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase()
    .slice(0, 6);
  return letters.length >= 2 ? letters : 'FLY';
}

/** Candidates from short to long: more random characters each round, so a busy stem still finds room. */
export function referralCodeCandidates(stem: string, count = 6): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${stem}-${randomChars(4 + Math.floor(i / 2), CODE_ALPHABET)}`,
  );
}

export function normalizeReferralCode(input: string): string {
  return input.trim().toUpperCase();
}
