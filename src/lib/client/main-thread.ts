/**
 * Waiting for the page's main thread: how cold starts spread their work so a cheap phone never
 * holds one long task (issue #14).
 */

/** A new task (not a microtask): what runs after it is not part of the task that asked. */
export function nextTask(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The main thread's next idle moment, or `timeoutMs` at the latest. Where idle callbacks are
 * missing (Safari), the task after the next: behind the work started with it, which takes the
 * next.
 */
export function whenIdle(timeoutMs: number): Promise<void> {
	if (typeof requestIdleCallback !== 'function') return nextTask().then(nextTask);
	return new Promise((resolve) => {
		requestIdleCallback(() => resolve(), { timeout: timeoutMs });
	});
}
