/**
 * The messages between the page and the bank-install worker (bank-install.worker.ts), and how a
 * result crosses between them. Structured cloning keeps plain data but not classes: a
 * BankInstallError arrives as a plain object, so results are flattened on the way out and the
 * errors rebuilt on the way in, and the screens see exactly what the main-thread installer gives.
 */
import type { InstallProgress } from './bank-download';
import { BankInstallError, type InstallFailureReason } from './bank-install-error';
import type { BankUpdateResult } from './bank-installer';

/** Page → worker: check the index and install what it lists. */
export interface UpdateRequest {
	type: 'update';
	indexUrl: string;
}

/** An error as it crosses the boundary. */
export interface PlainInstallError {
	reason: InstallFailureReason;
	message: string;
	bankId?: string;
}

/** A BankUpdateResult as it crosses the boundary. */
export type PlainUpdateResult = Omit<BankUpdateResult, 'failed'> & {
	failed: { bankId: string; title: string; error: PlainInstallError }[];
};

/** Worker → page. */
export type WorkerMessage =
	| { type: 'progress'; progress: InstallProgress }
	/** A performance mark the installer set (the benches read them on the page's timeline). */
	| { type: 'mark'; name: string }
	| { type: 'done'; result: PlainUpdateResult }
	/** The whole check failed (index unreachable or broken): as updateBanks would throw. */
	| { type: 'failed'; error: PlainInstallError };

/**
 * Flatten an installer error (or anything thrown) for postMessage.
 * `plainError(new BankInstallError('network', '网络未连接'))` → `{ reason: 'network', message: '网络未连接' }`
 */
export function plainError(e: unknown): PlainInstallError {
	if (e instanceof BankInstallError) {
		return {
			reason: e.reason,
			message: e.message,
			...(e.bankId !== undefined ? { bankId: e.bankId } : {})
		};
	}
	return { reason: 'storage', message: '题库检查失败，稍后会重试' };
}

/** Rebuild the error on the page's side. */
export function installError(plain: PlainInstallError): BankInstallError {
	return new BankInstallError(plain.reason, plain.message, plain.bankId);
}

/** A result ready for postMessage. */
export function plainResult(result: BankUpdateResult): PlainUpdateResult {
	return { ...result, failed: result.failed.map((f) => ({ ...f, error: plainError(f.error) })) };
}

/** The result as the page's screens expect it, with real BankInstallErrors. */
export function updateResult(plain: PlainUpdateResult): BankUpdateResult {
	return { ...plain, failed: plain.failed.map((f) => ({ ...f, error: installError(f.error) })) };
}
