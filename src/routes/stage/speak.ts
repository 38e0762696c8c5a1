import type { StageQuestion } from '$lib/core/stage/contest';
import { speech } from '$lib/state/speech.svelte';

/** Read a question's stem and options aloud (false: this device has no zh-CN voice). */
export function readQuestion(q: StageQuestion | null): boolean {
	if (!q) return false;
	const options = q.options.map((o) => `${o.key}，${o.text}`).join('；');
	return speech.speak(options ? `${q.stem}。${options}` : q.stem);
}
