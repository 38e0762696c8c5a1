/**
 * Ids made on the device. UUIDv7 (RFC 9562): a millisecond timestamp then random bits, so ids sort
 * by creation time and never need the server. Clock and randomness are passed in.
 */

/**
 * @example uuidv7(Date.now(), crypto.getRandomValues(new Uint8Array(10)))
 * // → '019a3f6c-8e21-7c4d-9a1b-3f2e4d5c6b7a'
 */
export function uuidv7(unixMs: number, random10: Uint8Array): string {
	if (random10.length < 10) throw new RangeError('uuidv7 needs 10 random bytes');
	const bytes = new Uint8Array(16);
	let ms = Math.max(0, Math.floor(unixMs));
	for (let i = 5; i >= 0; i--) {
		bytes[i] = ms % 256;
		ms = Math.floor(ms / 256);
	}
	bytes.set(random10.subarray(0, 10), 6);
	bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f); // version 7
	bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f); // variant 10
	const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
