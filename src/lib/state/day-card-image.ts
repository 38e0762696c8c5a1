/**
 * The 打卡 card as a PNG, drawn on this device (offline too). The drawing code loads only when a
 * card is shown, so 打卡's first visit does not carry it.
 */
import type { CardContent } from '$lib/core/checkin/card-layout';

export async function dayCardImage(content: CardContent): Promise<Blob> {
	const { renderCheckinCard } = await import('$lib/client/checkin-card');
	return renderCheckinCard(content);
}
