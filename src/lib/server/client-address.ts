/**
 * Which address a request comes from, for the per-address rate limits. Behind a reverse proxy
 * (nginx, Caddy, a load balancer) every request reaches us from the proxy's address, so the
 * client's address must come from a header the proxy sets; but anyone can send that header, so
 * it is read only when the request really comes from a proxy we trust:
 *
 * - `TRUSTED_PROXY`: the proxies' addresses or networks, comma-separated
 *   (`127.0.0.1,::1`, `10.0.0.0/8`). Unset: no header is believed; the socket's peer counts.
 * - `CLIENT_ADDRESS_HEADER`: `x-forwarded-for` (default) or `x-real-ip`, or another header that
 *   carries one address (`cf-connecting-ip`).
 *
 * Of X-Forwarded-For, whose left part the client writes itself, the right-most address that is
 * not a trusted proxy counts: the one our own proxy saw.
 */
import { BlockList, isIP } from 'node:net';

export interface ProxySetting {
	/** Null: trust no proxy (the default). */
	trusted: BlockList | null;
	header: string;
}

/** What clientAddress reads of a request's headers: a Fetch `Headers`, or an adapter of Node's. */
export interface HeaderReader {
	get(name: string): string | null;
}

export const NO_PROXY: ProxySetting = { trusted: null, header: 'x-forwarded-for' };

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, as a dual-stack socket reports it) as IPv4. */
function plain(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	return mapped?.[1] ?? address;
}

function isTrusted(list: BlockList, address: string): boolean {
	const kind = isIP(address);
	return kind !== 0 && list.check(address, kind === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Read TRUSTED_PROXY and CLIENT_ADDRESS_HEADER. A value that is not an address or network stops
 * the start with a message, rather than silently trusting nobody (or everybody).
 */
export function proxySettingFromEnv(env: NodeJS.ProcessEnv = process.env): ProxySetting {
	const header = (env.CLIENT_ADDRESS_HEADER ?? 'x-forwarded-for').trim().toLowerCase();
	if (!/^[a-z0-9-]+$/.test(header)) {
		throw new Error(`CLIENT_ADDRESS_HEADER must be a header name, got "${header}"`);
	}
	const entries = (env.TRUSTED_PROXY ?? '')
		.split(',')
		.map((e) => e.trim())
		.filter(Boolean);
	if (!entries.length) return { trusted: null, header };
	const trusted = new BlockList();
	for (const entry of entries) {
		const [address = '', bits, extra] = entry.split('/');
		const kind = isIP(address);
		const prefix = Number(bits);
		const maxBits = kind === 4 ? 32 : 128;
		if (
			!kind ||
			extra !== undefined ||
			(bits !== undefined && !(prefix >= 0 && prefix <= maxBits && /^\d+$/.test(bits)))
		) {
			throw new Error(`TRUSTED_PROXY: "${entry}" is not an IP address or network (10.0.0.0/8)`);
		}
		const type = kind === 4 ? 'ipv4' : 'ipv6';
		if (bits === undefined) trusted.addAddress(address, type);
		else trusted.addSubnet(address, prefix, type);
	}
	return { trusted, header };
}

/**
 * The client's address: the socket's peer, or, when the peer is a trusted proxy, the address
 * the proxy put in the configured header (the right-most untrusted hop of X-Forwarded-For).
 *
 * @example clientAddress('127.0.0.1', new Headers({ 'x-forwarded-for': '6.6.6.6, 10.1.2.3' }), proxy) // → '10.1.2.3'
 */
export function clientAddress(peer: string, headers: HeaderReader, setting: ProxySetting): string {
	const from = plain(peer);
	const { trusted, header } = setting;
	if (!trusted || !isTrusted(trusted, from)) return from;
	const value = headers.get(header);
	if (!value) return from;
	const hops = value
		.split(',')
		.map((h) => plain(h.trim()))
		.filter(Boolean);
	for (let i = hops.length - 1; i >= 0; i--) {
		const hop = hops[i] ?? '';
		if (!isIP(hop)) return from;
		if (!isTrusted(trusted, hop)) return hop;
	}
	// Every hop is one of our proxies: the left-most is the nearest to the client we know.
	return hops[0] ?? from;
}

let fromEnv: ProxySetting | undefined;

/** The process's proxy setting, read from the environment once. */
export function proxySetting(): ProxySetting {
	fromEnv ??= proxySettingFromEnv();
	return fromEnv;
}
