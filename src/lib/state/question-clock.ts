/**
 * How long the question on screen has been timed: segments that a pause ends (paused time is not
 * counted), an alarm when its time runs out, and a checkpoint every second while it runs, so that
 * a reload or a killed tab resumes the question with the time it had left. Both quiz screens (the
 * practice modes and competitions) time their questions with it.
 *
 * @example
 * const clock = new QuestionClock(() => saveClock(clock.elapsed()));
 * clock.set(0);
 * clock.run({ afterMs: 20_000, onAlarm: () => answer(null) });
 * clock.pause(); // later: clock.run({ afterMs: 20_000 - clock.elapsed(), onAlarm })
 */
export class QuestionClock {
	/** Time of the segments before the running one. */
	#spentMs = 0;
	/** performance.now() when the running segment began; null while stopped. */
	#runningSince: number | null = null;
	#alarm: ReturnType<typeof setTimeout> | undefined;
	#checkpoint: ReturnType<typeof setInterval> | undefined;
	readonly #onCheckpoint: () => void;

	constructor(onCheckpoint: () => void) {
		this.#onCheckpoint = onCheckpoint;
	}

	/** Time counted so far: the earlier segments and the running one. */
	elapsed(): number {
		const running = this.#runningSince === null ? 0 : performance.now() - this.#runningSince;
		return this.#spentMs + running;
	}

	/** A question shown: `spentMs` already used (0, or what it had used before a reload), stopped. */
	set(spentMs: number): void {
		this.stopAlarm();
		this.#spentMs = spentMs;
		this.#runningSince = null;
	}

	/**
	 * Count from now on. With a deadline, `onAlarm` fires once `afterMs` has passed (unless the
	 * alarm is stopped first) and the checkpoint runs every second meanwhile.
	 */
	run(deadline?: { afterMs: number; onAlarm: () => void }): void {
		this.stopAlarm();
		this.#runningSince = performance.now();
		if (!deadline) return;
		this.#alarm = setTimeout(deadline.onAlarm, Math.max(0, deadline.afterMs));
		this.#checkpoint = setInterval(this.#onCheckpoint, 1000);
	}

	/** End the running segment, keeping its time, and stop the alarm. */
	pause(): void {
		this.#spentMs = this.elapsed();
		this.#runningSince = null;
		this.stopAlarm();
	}

	/**
	 * Stop the alarm and the checkpoints (an answer is being saved, the screen goes away); the
	 * running segment still counts for `elapsed`, which the answer reads.
	 */
	stopAlarm(): void {
		clearTimeout(this.#alarm);
		clearInterval(this.#checkpoint);
	}
}
