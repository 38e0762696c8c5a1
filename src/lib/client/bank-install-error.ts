/**
 * The installer's error, in a module of its own: the page rebuilds it from the bank-install
 * worker's messages without loading the installer (its schema and validator) itself.
 */
export type InstallFailureReason = 'network' | 'http' | 'corrupt' | 'invalid' | 'storage';

/** A failed install, with a message for the person holding the phone. */
export class BankInstallError extends Error {
	constructor(
		readonly reason: InstallFailureReason,
		message: string,
		readonly bankId?: string
	) {
		super(message);
		this.name = 'BankInstallError';
	}
}
