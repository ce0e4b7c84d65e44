// Prefixed, time-sortable ids (`cus_01JD…`): 10 Crockford-base32 chars of milliseconds, then 16 random.
// Sortable ids let cursor pagination and "newest first" use the primary key alone. Within one process
// ids are strictly increasing even inside one millisecond (ULID's monotonic rule), so entries written
// in one transaction keep their order.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix =
  | 'mer'
  | 'key'
  | 'cus'
  | 'vis'
  | 'clk'
  | 'ref'
  | 'ord'
  | 'rwd'
  | 'led'
  | 'cpn'
  | 'clm'
  | 'shr'
  | 'cev'
  | 'evt'
  | 'we'
  | 'whd'
  | 'wha'
  | 'exp'
  | 'req'
  | 'fbk'
  | 'afr'
  | 'alr';

let lastTime = -1;
let lastRandom = '';

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function increment(random: string): string {
  const chars = random.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const next = ALPHABET.indexOf(chars[i]!) + 1;
    if (next < ALPHABET.length) {
      chars[i] = ALPHABET[next]!;
      return chars.join('');
    }
    chars[i] = ALPHABET[0]!;
  }
  return randomChars(16);
}

export function newId(prefix: IdPrefix, now = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomChars(16);
  }
  return `${prefix}_${encodeTime(lastTime)}${lastRandom}`;
}

export function randomChars(length: number, alphabet = ALPHABET): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 256 is a multiple of 32, so the modulo is unbiased for the default alphabet.
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
