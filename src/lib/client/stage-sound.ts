/**
 * Short tones for the stage screen, made with Web Audio (no sound files to download): a tick in
 * the countdown's last seconds, a low tone when time is up, a rising chime for a right answer,
 * a falling one for a wrong answer, a bright blip for 「请抢答」. Sounds are off unless the host
 * switches them on (DESIGN.md: sounds off by default).
 */
export type StageSound = 'tick' | 'timeUp' | 'right' | 'wrong' | 'cue' | 'reveal';

/** Frequencies (Hz) and lengths (s) of each sound's notes, played one after another. */
const NOTES: Record<StageSound, [number, number][]> = {
	tick: [[880, 0.06]],
	timeUp: [[220, 0.6]],
	right: [
		[523, 0.12],
		[659, 0.12],
		[784, 0.22]
	],
	wrong: [
		[392, 0.15],
		[262, 0.3]
	],
	cue: [
		[988, 0.08],
		[1319, 0.14]
	],
	reveal: [
		[660, 0.1],
		[880, 0.16]
	]
};

let audio: AudioContext | null = null;

export function playStageSound(sound: StageSound): void {
	if (typeof AudioContext === 'undefined') return;
	audio ??= new AudioContext();
	// A context made before a user gesture starts suspended; the host's key press resumes it.
	if (audio.state === 'suspended') void audio.resume();
	let start = audio.currentTime + 0.01;
	for (const [frequency, length] of NOTES[sound]) {
		const osc = audio.createOscillator();
		const gain = audio.createGain();
		osc.type = 'sine';
		osc.frequency.value = frequency;
		gain.gain.setValueAtTime(0.0001, start);
		gain.gain.exponentialRampToValueAtTime(0.3, start + 0.015);
		gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
		osc.connect(gain).connect(audio.destination);
		osc.start(start);
		osc.stop(start + length + 0.02);
		start += length;
	}
}
