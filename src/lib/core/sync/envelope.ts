/**
 * The one request and the one response of POST /api/sync, as valibot schemas with the types
 * inferred from them. The server parses every request with these; the device's uploader parses
 * every response with them (it loads on demand, so no page pays for the validator on a first
 * visit); pages and the player import only types (`import type`), which cost nothing.
 *
 * Request:  { records?: [{ kind, payload }], items?: AttemptUpload[], checkins?: CheckinUpload[] }
 * Response: { results: [{ id, status, reason? }], checkins?: [{ key, status, reason? }] }
 *
 * `items` is how devices before December 2026 send attempts; the server reads it as records of
 * kind 'attempt'. Each record is checked on its own: one of the wrong shape is refused with a
 * reason, the others still count.
 */
import * as v from 'valibot';
import { RECORD_KINDS, RECORD_LABELS, RECORD_SCHEMAS, type RecordKind } from './records';
import { CHECKIN_MAX_ITEMS, SYNC_MAX_ITEMS } from './protocol';

/** The request's lists: sizes are checked here, each element by its own schema afterwards. */
export const syncRequestSchema = v.strictObject({
	records: v.optional(
		v.pipe(
			v.array(v.unknown()),
			v.maxLength(SYNC_MAX_ITEMS, `一次最多上传 ${SYNC_MAX_ITEMS} 条记录`)
		)
	),
	items: v.optional(
		v.pipe(
			v.array(v.unknown()),
			v.maxLength(SYNC_MAX_ITEMS, `一次最多上传 ${SYNC_MAX_ITEMS} 条成绩`)
		)
	),
	checkins: v.optional(
		v.pipe(
			v.array(v.unknown()),
			v.maxLength(CHECKIN_MAX_ITEMS, `一次最多上传 ${CHECKIN_MAX_ITEMS} 条打卡`)
		)
	)
});
export type SyncRequest = v.InferOutput<typeof syncRequestSchema>;

const recordHeaderSchema = v.object({ kind: v.picklist(RECORD_KINDS), payload: v.unknown() });

export const SYNC_ITEM_STATUSES = ['accepted', 'duplicate', 'rejected'] as const;
export type SyncItemStatus = (typeof SYNC_ITEM_STATUSES)[number];

export const syncItemResultSchema = v.object({
	id: v.pipe(v.string(), v.maxLength(64)),
	status: v.picklist(SYNC_ITEM_STATUSES),
	/** Why an item was rejected, in words a member can read. */
	reason: v.optional(v.pipe(v.string(), v.maxLength(500)))
});
export type SyncItemResult = v.InferOutput<typeof syncItemResultSchema>;

export const checkinResultSchema = v.object({
	/** `checkinUploadKey` of the upload, or `#index` when it had no readable day and kind. */
	key: v.pipe(v.string(), v.maxLength(64)),
	status: v.picklist(SYNC_ITEM_STATUSES),
	reason: v.optional(v.pipe(v.string(), v.maxLength(500)))
});
export type CheckinResult = v.InferOutput<typeof checkinResultSchema>;

export const syncResponseSchema = v.object({
	results: v.array(syncItemResultSchema),
	checkins: v.optional(v.array(checkinResultSchema))
});
export type SyncResponse = v.InferOutput<typeof syncResponseSchema>;

/** A parsed record, or the reason it was refused (with the id its answer goes under). */
export type ParsedRecord =
	| { ok: true; kind: RecordKind; id: string; payload: unknown }
	| { ok: false; id: string; reason: string };

/**
 * Check one record of a request against its kind's schema.
 *
 * @example parseRecord({ kind: 'attempt', payload: upload }, 0) // → { ok: true, kind: 'attempt', id, payload }
 * @example parseRecord({ kind: 'poem' }, 3) // → { ok: false, id: '#3', reason: '记录格式不正确（kind）' }
 */
export function parseRecord(input: unknown, index: number): ParsedRecord {
	const id = idOf((input as { payload?: unknown } | null)?.payload, index);
	const header = v.safeParse(recordHeaderSchema, input);
	if (!header.success) return { ok: false, id, reason: shapeReason('记录', header.issues) };
	const { kind, payload } = header.output;
	const parsed = v.safeParse(RECORD_SCHEMAS[kind], payload);
	if (!parsed.success) {
		return { ok: false, id, reason: shapeReason(RECORD_LABELS[kind], parsed.issues) };
	}
	return { ok: true, kind, id, payload: parsed.output };
}

/** The id an item's answer goes under: its own when it has a readable one, else `#index`. */
function idOf(input: unknown, index: number): string {
	const id = (input as { id?: unknown } | null)?.id;
	return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : `#${index}`;
}

/**
 * A server response, parsed as the device reads it: anything that is not our answer (a Wi-Fi
 * login page, a proxy's error page) gives null, and the upload is retried.
 *
 * @example parseSyncResponse({ results: [{ id: 'a', status: 'accepted' }] }) // → the same
 * @example parseSyncResponse('<html>') // → null
 */
export function parseSyncResponse(input: unknown): SyncResponse | null {
	const parsed = v.safeParse(syncResponseSchema, input);
	return parsed.success ? parsed.output : null;
}

/**
 * The reason given for an upload item of the wrong shape: what it is and where the first problem
 * sits, so the member (or whoever reads the log) sees which field.
 *
 * @example shapeReason('成绩', issues) // → '成绩格式不正确（answers.0.elapsedMs）'
 */
export function shapeReason(
	what: string,
	issues: readonly { path?: readonly { key: unknown }[] }[] | undefined
): string {
	const where = issues?.[0]?.path?.map((p) => String(p.key)).join('.') ?? '';
	return `${what}格式不正确${where ? `（${where}）` : ''}`;
}
