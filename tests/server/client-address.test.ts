import { describe, expect, it } from 'vitest';
import { clientAddress, NO_PROXY, proxySettingFromEnv } from '../../src/lib/server/client-address';
import { RateLimiter } from '../../src/lib/server/rate-limit';

const proxy = proxySettingFromEnv({ TRUSTED_PROXY: '127.0.0.1,::1, 10.8.0.0/16' });
const xff = (value: string) => new Headers({ 'x-forwarded-for': value });

describe('the client address behind a trusted proxy', () => {
	it('believes no header unless a proxy is configured', () => {
		expect(clientAddress('127.0.0.1', xff('203.0.113.9'), NO_PROXY)).toBe('127.0.0.1');
		expect(clientAddress('::ffff:127.0.0.1', xff('203.0.113.9'), NO_PROXY)).toBe('127.0.0.1');
		expect(proxySettingFromEnv({}).trusted).toBeNull();
	});

	it('believes the header only from a trusted proxy', () => {
		expect(clientAddress('127.0.0.1', xff('203.0.113.9'), proxy)).toBe('203.0.113.9');
		expect(clientAddress('::1', xff('203.0.113.9'), proxy)).toBe('203.0.113.9');
		expect(clientAddress('::ffff:127.0.0.1', xff('203.0.113.9'), proxy)).toBe('203.0.113.9');
		expect(clientAddress('10.8.4.2', xff('203.0.113.9'), proxy)).toBe('203.0.113.9');
		// A client talking to us directly cannot choose its address.
		expect(clientAddress('198.51.100.7', xff('203.0.113.9'), proxy)).toBe('198.51.100.7');
		expect(clientAddress('10.9.0.1', xff('203.0.113.9'), proxy)).toBe('10.9.0.1');
	});

	it('takes the right-most untrusted hop of X-Forwarded-For, not what the client wrote', () => {
		// The client sent "X-Forwarded-For: 1.1.1.1"; nginx appended the address it saw.
		expect(clientAddress('127.0.0.1', xff('1.1.1.1, 203.0.113.9'), proxy)).toBe('203.0.113.9');
		// Two of our proxies in a row (a load balancer, then nginx).
		expect(clientAddress('127.0.0.1', xff('1.1.1.1, 203.0.113.9, 10.8.0.5'), proxy)).toBe(
			'203.0.113.9'
		);
		// Headers sent twice are joined with commas.
		const twice = new Headers();
		twice.append('x-forwarded-for', '1.1.1.1');
		twice.append('x-forwarded-for', '2001:db8::1');
		expect(clientAddress('::1', twice, proxy)).toBe('2001:db8::1');
		// Garbage where our proxy's entry should be, or no header: the proxy itself counts.
		expect(clientAddress('127.0.0.1', xff('1.1.1.1, not-an-ip'), proxy)).toBe('127.0.0.1');
		expect(clientAddress('127.0.0.1', new Headers(), proxy)).toBe('127.0.0.1');
		// Only our proxies: the left-most is the nearest to the client.
		expect(clientAddress('127.0.0.1', xff('10.8.1.1, 10.8.2.2'), proxy)).toBe('10.8.1.1');
	});

	it('reads X-Real-IP (or another one-address header) when told to', () => {
		const realIp = proxySettingFromEnv({
			TRUSTED_PROXY: '127.0.0.1',
			CLIENT_ADDRESS_HEADER: 'X-Real-IP'
		});
		const headers = new Headers({ 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '1.1.1.1' });
		expect(clientAddress('127.0.0.1', headers, realIp)).toBe('203.0.113.9');
		expect(clientAddress('127.0.0.1', new Headers({ 'x-real-ip': 'junk' }), realIp)).toBe(
			'127.0.0.1'
		);
	});

	it('refuses a setting it cannot read, so a typo does not trust everybody', () => {
		for (const bad of ['localhost', '10.0.0.0/33', '1.2.3.4/x', '::1/129', '1.2.3.4/8/8']) {
			expect(() => proxySettingFromEnv({ TRUSTED_PROXY: bad })).toThrow(/TRUSTED_PROXY/);
		}
		expect(() => proxySettingFromEnv({ CLIENT_ADDRESS_HEADER: 'x forwarded' })).toThrow(
			/CLIENT_ADDRESS_HEADER/
		);
	});

	it('gives two clients behind one proxy two budgets', () => {
		const limiter = new RateLimiter(20, 60_000);
		const a = clientAddress('127.0.0.1', xff('203.0.113.1'), proxy);
		const b = clientAddress('127.0.0.1', xff('203.0.113.2'), proxy);
		for (let i = 0; i < 20; i++) expect(limiter.allow(a)).toBe(true);
		expect(limiter.allow(a)).toBe(false);
		expect(limiter.allow(b)).toBe(true);
	});
});
