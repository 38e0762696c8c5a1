/**
 * Before the browser tests: create the first admin with the setup code the fresh server wrote,
 * then a branch and a class, and leave their join codes for the tests. A second branch belongs
 * to the admin study test alone, so its counts are not moved by other tests running alongside.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { request, type FullConfig } from '@playwright/test';
import { E2E_SETUP_CODE, E2E_STATE } from '../../playwright.config';

export interface E2eState {
	branchCode: string;
	branchId: string;
	classCode: string;
	classId: string;
	studyBranchCode: string;
	studyBranchId: string;
}

export default async function globalSetup(config: FullConfig) {
	const baseURL = config.projects[0]?.use.baseURL ?? '';
	const api = await request.newContext({ baseURL });
	let code = '';
	for (let i = 0; i < 50 && !code; i++) {
		try {
			code = readFileSync(E2E_SETUP_CODE, 'utf8').trim();
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	const ok = async (r: Promise<import('@playwright/test').APIResponse>) => {
		const response = await r;
		if (!response.ok())
			throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`);
		return response.json();
	};
	await ok(
		api.post('/api/admin/setup', { data: { code, username: 'admin', password: 'e2e-admin-pass' } })
	);
	await ok(
		api.post('/api/admin/login', { data: { username: 'admin', password: 'e2e-admin-pass' } })
	);
	const branch = await ok(
		api.post('/api/admin/groups', { data: { kind: 'branch', name: '测试支部' } })
	);
	const cls = await ok(
		api.post('/api/admin/groups', { data: { kind: 'class', name: '三年级一班' } })
	);
	const studyBranch = await ok(
		api.post('/api/admin/groups', { data: { kind: 'branch', name: '讲坛支部' } })
	);
	await ok(
		api.post(`/api/admin/groups/${cls.group.id}/roster`, { data: { names: ['王小红', '李小明'] } })
	);
	const state: E2eState = {
		branchCode: branch.group.joinCode,
		branchId: branch.group.id,
		classCode: cls.group.joinCode,
		classId: cls.group.id,
		studyBranchCode: studyBranch.group.joinCode,
		studyBranchId: studyBranch.group.id
	};
	writeFileSync(E2E_STATE, JSON.stringify(state));
	await api.dispose();
}
