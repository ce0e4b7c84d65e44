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
  // Only the last characters change in all but one case in 32: keep the rest of the string.
  for (let i = random.length - 1; i >= 0; i--) {
    const next = ALPHABET.indexOf(random[i]!) + 1;
    if (next < ALPHABET.length) {
      return random.slice(0, i) + ALPHABET[next]! + ALPHABET[0]!.repeat(random.length - i - 1);
    }
  }
  return randomIdChars();
}

const randomIdChars = () => randomChars(16);

// An order draws a dozen ids and codes: one call for random bytes each cost more than the rest of
// newId. Bytes are drawn from the same CSPRNG in blocks, each used once.
const pool = new Uint8Array(4096);
let poolUsed = pool.length;

export function newId(prefix: IdPrefix, now = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomIdChars();
  }
  return `${prefix}_${encodeTime(lastTime)}${lastRandom}`;
}

export function randomChars(length: number, alphabet = ALPHABET): string {
  if (length > pool.length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    let out = '';
    for (const byte of bytes) out += alphabet[byte % alphabet.length];
    return out;
  }
  if (poolUsed + length > pool.length) {
    crypto.getRandomValues(pool);
    poolUsed = 0;
  }
  let out = '';
  // 256 is a multiple of 32, so the modulo is unbiased for the default alphabet.
  for (let i = poolUsed; i < poolUsed + length; i++) out += alphabet[pool[i]! % alphabet.length];
  poolUsed += length;
  return out;
}
