import QRCode from 'qrcode';
import { handleApi } from '$lib/server/api-error';
import { groupForAdmin } from '$lib/server/groups';
import { db, requireAdmin } from '$lib/server/request-context';
import type { RequestHandler } from './$types';

/** The join link as a QR code, for a projector or a printed notice. */
export const GET: RequestHandler = (event) =>
	handleApi(async () => {
		const group = await groupForAdmin(await db(), await requireAdmin(event), event.params.id);
		const link = `${event.url.origin}/join/${group.joinCode}`;
		const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
		return new Response(svg, {
			headers: { 'content-type': 'image/svg+xml', 'cache-control': 'private, no-store' }
		});
	});
