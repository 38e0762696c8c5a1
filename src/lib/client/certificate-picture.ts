/**
 * Draws a member's own certificate (获奖证书 or 参与证明) on the device, offline, as a PNG to
 * save or share, from what the released result left in IndexedDB. Layout in core
 * (`certificate-layout.ts`); `picture.ts` replays it on a canvas.
 */
import {
	CERTIFICATE_HEIGHT,
	CERTIFICATE_WIDTH,
	certificateLayout
} from '$lib/core/competition/certificate-layout';
import type { MemberCertificate } from '$lib/core/competition/types';
import { renderPicture } from './picture';

/** Draw the certificate (1754×1240, A4 landscape at 150 dpi) and encode it as PNG. */
export function renderCertificate(certificate: MemberCertificate): Promise<Blob> {
	return renderPicture(
		CERTIFICATE_WIDTH,
		CERTIFICATE_HEIGHT,
		(measure) => certificateLayout(certificate, measure),
		'证书图片'
	);
}
