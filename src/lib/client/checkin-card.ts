/**
 * Draws the 打卡 card on the device, offline, and returns it as a PNG to share or save. What goes
 * where is decided in core (`card-layout.ts`); `picture.ts` replays it on a canvas.
 */
import {
	CARD_HEIGHT,
	CARD_WIDTH,
	cardLayout,
	type CardContent
} from '$lib/core/checkin/card-layout';
import { renderPicture } from './picture';

export type { CardContent } from '$lib/core/checkin/card-layout';

/**
 * Draw a 打卡 card (1080×1440, the size DESIGN.md asks for: sharp on a 3× phone and in a WeChat
 * chat) and encode it as PNG.
 */
export function renderCheckinCard(content: CardContent): Promise<Blob> {
	return renderPicture(
		CARD_WIDTH,
		CARD_HEIGHT,
		(measure) => cardLayout(content, measure),
		'打卡卡片'
	);
}
