import { describe, expect, it } from 'vitest';
import {
	ApiError,
	asApiMethodRefusal,
	handleApi,
	readJson,
	stringField,
	textValue
} from '../../src/lib/server/api-error';

describe('textValue (names, titles, codes)', () => {
	it('trims and keeps ordinary Chinese, including characters outside the BMP', () => {
		expect(textValue('  欧阳红梅 ', '姓名', 1, 20)).toBe('欧阳红梅');
		expect(textValue('𠮷野', '姓名', 1, 20)).toBe('𠮷野');
	});

	it('refuses what a spreadsheet or a screen cannot show: control characters, U+FFFE/U+FFFF, lone surrogates', () => {
		for (const bad of ['张\u0007三', '李\uFFFE四', '王\uFFFF五', '赵\uD800六', '钱\uDC00七']) {
			expect(() => textValue(bad, '姓名', 1, 20)).toThrow('「姓名」含有不可见字符');
		}
	});
});

describe('readJson (request bodies)', () => {
	const post = (body: BodyInit, headers: Record<string, string> = {}) =>
		new Request('http://localhost/api/x', { method: 'POST', body, headers });
	const refusal = (promise: Promise<unknown>) =>
		promise.then(
			() => null,
			(e: unknown) => (e instanceof ApiError ? { status: e.status, code: e.code } : e)
		);

	it('gives back a JSON object', async () => {
		expect(await readJson(post('{"name":"张三","n":1}'), 100)).toEqual({ name: '张三', n: 1 });
	});

	it('refuses a body over the limit by its declared length, before reading it', async () => {
		const request = post('{}', { 'content-length': '101' });
		expect(await refusal(readJson(request, 100))).toEqual({ status: 413, code: 'too_large' });
		expect(request.bodyUsed).toBe(false);
	});

	it('refuses a body over the limit that declared less (counted in bytes, not characters)', async () => {
		// 40 characters, 100 bytes of UTF-8: one byte over a limit of 99.
		const text = `{"a":"ab${'中'.repeat(30)}"}`;
		expect(new TextEncoder().encode(text).length).toBe(100);
		expect(await refusal(readJson(post(text), 99))).toEqual({ status: 413, code: 'too_large' });
		expect(await readJson(post(text), 100)).toEqual({ a: `ab${'中'.repeat(30)}` });
	});

	it('refuses bytes that are not UTF-8, text that is not JSON, and JSON that is not an object', async () => {
		const latin1 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"a":"é"}
		expect(await refusal(readJson(post(latin1), 100))).toEqual({ status: 400, code: 'bad_body' });
		expect(await refusal(readJson(post('{"a":'), 100))).toEqual({ status: 400, code: 'bad_json' });
		for (const body of ['[]', 'null', '42', '"text"']) {
			expect(await refusal(readJson(post(body), 100))).toEqual({ status: 400, code: 'bad_json' });
		}
	});
});

describe('handleApi and apiErrorResponse', () => {
	it('turns an ApiError into its JSON answer, never cached', async () => {
		const response = await handleApi(async () => {
			throw new ApiError(422, 'invalid_field', '缺少「姓名」');
		});
		expect(response.status).toBe(422);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({
			error: { code: 'invalid_field', message: '缺少「姓名」' }
		});
	});

	it('passes a good response through and lets any other error escape (a bug is a 500)', async () => {
		const ok = new Response('fine');
		expect(await handleApi(async () => ok)).toBe(ok);
		await expect(
			handleApi(async () => {
				throw new TypeError('bug');
			})
		).rejects.toThrow(TypeError);
	});
});

describe('asApiMethodRefusal', () => {
	it("gives SvelteKit's plain-text 405 in the API's JSON form, keeping the Allow header", async () => {
		const plain = new Response('GET method not allowed', {
			status: 405,
			headers: { allow: 'POST', 'content-type': 'text/plain' }
		});
		const answer = asApiMethodRefusal(plain, 'GET');
		expect(answer.status).toBe(405);
		expect(answer.headers.get('allow')).toBe('POST');
		expect(await answer.json()).toEqual({
			error: { code: 'method_not_allowed', message: '此接口不接受 GET 请求' }
		});
	});

	it('leaves every other answer alone, a JSON 405 of our own too', () => {
		const ok = new Response('fine');
		expect(asApiMethodRefusal(ok, 'GET')).toBe(ok);
		const own = Response.json({ error: { code: 'x', message: 'y' } }, { status: 405 });
		expect(asApiMethodRefusal(own, 'PUT')).toBe(own);
	});
});

describe('stringField and textValue limits', () => {
	const code = (run: () => unknown) => {
		try {
			run();
		} catch (e) {
			return e instanceof ApiError ? `${e.status} ${e.message}` : e;
		}
		return 'no error';
	};

	it('says which field is missing or not text', () => {
		expect(code(() => stringField({}, 'name', '姓名', 1, 20))).toBe('422 缺少「姓名」');
		expect(code(() => stringField({ name: 42 }, 'name', '姓名', 1, 20))).toBe('422 缺少「姓名」');
	});

	it('counts characters, not UTF-16 units, after trimming', () => {
		expect(stringField({ name: ' 𠮷𠮷 ' }, 'name', '姓名', 1, 2)).toBe('𠮷𠮷');
		expect(code(() => textValue('𠮷𠮷𠮷', '姓名', 1, 2))).toBe('422 「姓名」最多 2 个字');
		expect(code(() => textValue('   ', '姓名', 1, 2))).toBe('422 「姓名」至少 1 个字');
	});
});
