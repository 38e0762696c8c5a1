import {
	computeStreak,
	mergeCheckins,
	streakCalendar,
	studiedDays,
	type Checkin,
	type CheckinKind
} from '../src/lib/core/checkin/streak';
import { addDays } from '../src/lib/core/calendar/study-day';
import { seededRandom } from '../src/lib/core/play/random';
import { median, type Metric } from './run';

const RUNS = 200;
const TODAY = '2026-11-28';

/**
 * streak_3y_ms: a member's streak and this year's calendar computed from three years of
 * check-in rows (about 85 % of days studied, one to three kinds a day, as the server or a device
 * holds them), in Node: picking the member's days, walking the streak and building the year's
 * 365 calendar days. Median of 200 runs after a warm-up; runs are sub-millisecond, so the clock
 * is performance.now() around each whole run.
 */
export async function measureStreak(): Promise<Metric[]> {
	const random = seededRandom(2026);
	const kinds: CheckinKind[] = ['yun', 'yue', 'jiang'];
	const rows: Checkin[] = [];
	for (let i = 0; i < 3 * 365; i++) {
		const day = addDays(TODAY, -i);
		if (random() > 0.85) continue;
		for (const kind of kinds)
			if (kind === 'yun' || random() < 0.4) rows.push({ memberId: 'm1', day, kind });
		// Another member's rows are in the same set, as on the server.
		if (random() < 0.5) rows.push({ memberId: 'm2', day, kind: 'yun' });
	}
	const checkins = mergeCheckins(rows);
	const run = () => {
		const days = studiedDays(checkins, 'm1');
		const streak = computeStreak(days, TODAY);
		const calendar = streakCalendar(days, TODAY, 2026);
		return streak.longest + calendar.length;
	};
	let sink = 0;
	for (let i = 0; i < 50; i++) sink += run();
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		sink += run();
		times.push(performance.now() - t0);
	}
	if (sink < 0) console.error(sink); // keeps the work observable
	return [{ metric: 'streak_3y_ms', value: Math.round(median(times) * 1000) / 1000, unit: 'ms' }];
}
