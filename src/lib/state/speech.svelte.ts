/**
 * Read-aloud with the device's own zh-CN voice (pupils' mode, 全班闯关). Many cheap Android
 * phones and WeChat's browser have none: `voice` is then null and screens say so instead.
 */
import { createSubscriber } from 'svelte/reactivity';

const synth = typeof speechSynthesis === 'undefined' ? null : speechSynthesis;

// Voices arrive asynchronously in Chromium: re-read the list when the browser says it changed.
const voicesChanged = createSubscriber((update) => {
	synth?.addEventListener('voiceschanged', update);
	return () => synth?.removeEventListener('voiceschanged', update);
});

/** Mandarin in simplified script only: a zh-HK voice would read the stem in Cantonese. */
const MANDARIN = /^(zh|cmn)([-_](CN|Hans|SG)\b.*)?$/i;

export const speech = {
	get voice(): SpeechSynthesisVoice | null {
		voicesChanged();
		return synth?.getVoices().find((v) => MANDARIN.test(v.lang)) ?? null;
	},

	/** Read `text` aloud, stopping whatever was being read; false when there is no voice. */
	speak(text: string): boolean {
		const voice = this.voice;
		if (!synth || !voice) return false;
		synth.cancel();
		const utterance = new SpeechSynthesisUtterance(text);
		utterance.voice = voice;
		utterance.lang = 'zh-CN';
		utterance.rate = 0.9;
		synth.speak(utterance);
		return true;
	},

	stop(): void {
		synth?.cancel();
	}
};
