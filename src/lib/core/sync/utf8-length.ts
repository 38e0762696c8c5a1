/**
 * How many bytes a string takes as UTF-8, the way the server counts a request body against
 * SYNC_MAX_BYTES, without encoding it. A string's `length` counts UTF-16 units: a Chinese
 * character is one unit but three bytes on the wire, so a batch sized by `length` could be three
 * times the server's limit and be refused on every retry.
 *
 * @example utf8Length('abc') // → 3
 * @example utf8Length('党史') // → 6
 * @example utf8Length('😀') // → 4 (one surrogate pair)
 */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		if (unit < 0x80) bytes += 1;
		else if (unit < 0x800) bytes += 2;
		else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
			const next = text.charCodeAt(i + 1);
			// A high surrogate followed by a low one is one character of four bytes.
			if (next >= 0xdc00 && next < 0xe000) {
				bytes += 4;
				i++;
			} else bytes += 3;
		} else bytes += 3; // the rest of the BMP, and a lone surrogate (encoded as U+FFFD)
	}
	return bytes;
}
