import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect, type Page } from '@playwright/test';
import { E2E_DATABASE, E2E_STATE } from '../../playwright.config';
import { BACKGROUND_SYNC_TAG } from '../../src/lib/core/sync/protocol';
import type { E2eState } from './global-setup';
import { answerCurrent, startPractice } from './helpers';

export function e2eState(): E2eState {
	return JSON.parse(readFileSync(E2E_STATE, 'utf8')) as E2eState;
}

export interface StoredAttempt {
	id: string;
	member_id: string;
	device_finished_at: number;
	received_at: number;
	correct: number;
	total: number;
}

/** What the server really stored: read its SQLite file directly (WAL allows a second reader). */
export function serverAttempts(memberId: string): StoredAttempt[] {
	const db = new Database(E2E_DATABASE, { readonly: true, fileMustExist: true });
	try {
		return db
			.prepare(
				'select id, member_id, device_finished_at, received_at, correct, total from attempt where member_id = ? order by id'
			)
			.all(memberId) as StoredAttempt[];
	} finally {
		db.close();
	}
}

/** Join the test branch from the join link, as a member would. Returns the member id. */
export async function joinBranch(page: Page, name: string): Promise<string> {
	await page.goto(`/join/${e2eState().branchCode}`);
	await page.getByLabel('您的姓名').fill(name);
	await page.getByRole('button', { name: '加入', exact: true }).click();
	await expect(page.getByRole('heading', { name: '已加入「测试支部」' })).toBeVisible();
	return page.evaluate(() => {
		const open = indexedDB.open('pocket-classroom');
		return new Promise<string>((resolve) => {
			open.onsuccess = () => {
				const r = open.result.transaction('settings').objectStore('settings').get('activeMemberId');
				r.onsuccess = () => resolve((r.result as { value: string }).value);
			};
		});
	});
}

/** Play a whole 10-question practice round. */
export async function playQuiz(page: Page): Promise<void> {
	await startPractice(page, 10);
	for (let i = 1; i <= 10; i++) {
		await answerCurrent(page);
		await page.getByRole('button', { name: i === 10 ? '查看结果' : '下一题' }).click();
	}
	await expect(page.getByRole('heading', { name: '练习完成' })).toBeVisible();
}

export interface OutboxView {
	id: string;
	status: string;
	memberId: string | null;
	lastError?: string;
}

export async function outbox(page: Page): Promise<OutboxView[]> {
	return page.evaluate(() => {
		const open = indexedDB.open('pocket-classroom');
		return new Promise<OutboxView[]>((resolve) => {
			open.onsuccess = () => {
				const r = open.result.transaction('outbox').objectStore('outbox').getAll();
				r.onsuccess = () =>
					resolve(
						(r.result as OutboxView[]).map(({ id, status, memberId, lastError }) => ({
							id,
							status,
							memberId,
							lastError
						}))
					);
			};
		});
	});
}

/** Wait until every outbox row has left 'pending'. */
export async function waitForOutbox(
	page: Page,
	status = 'sent',
	count?: number
): Promise<OutboxView[]> {
	await expect
		.poll(
			async () => {
				const rows = await outbox(page);
				return (
					(count === undefined || rows.length === count) && rows.every((r) => r.status === status)
				);
			},
			{ timeout: 20_000 }
		)
		.toBe(true);
	return outbox(page);
}

/**
 * The app's service worker driven through DevTools as a phone's browser drives it: stopped when
 * the app is idle, started again by Background Sync.
 */
export async function serviceWorkerControl(page: Page, baseURL: string | undefined) {
	const cdp = await page.context().newCDPSession(page);
	const running = new Map<string, string>();
	const registrationId = new Promise<string>((resolve) =>
		cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
			const r = registrations.find((x) => !x.isDeleted);
			if (r) resolve(r.registrationId);
		})
	);
	cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
		for (const v of versions) running.set(v.versionId, v.runningStatus);
	});
	await cdp.send('ServiceWorker.enable');
	return {
		/** Fire the upload's Background Sync now, as the browser does when the network returns. */
		async sync(): Promise<void> {
			await cdp.send('ServiceWorker.dispatchSyncEvent', {
				origin: new URL(baseURL ?? '').origin,
				registrationId: await registrationId,
				tag: BACKGROUND_SYNC_TAG,
				lastChance: false
			});
		},
		/** Stop every worker and wait until each reports stopped (the versions come as events). */
		async stop(): Promise<void> {
			await cdp.send('ServiceWorker.stopAllWorkers');
			await expect
				.poll(() => running.size > 0 && [...running.values()].every((s) => s === 'stopped'))
				.toBe(true);
		}
	};
}
