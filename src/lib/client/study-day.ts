/**
 * A player's study day on this device: the org's zone and start hour from their profile (sent by
 * the server on joining), or the defaults before joining; never the device's own zone.
 */
import {
	DEFAULT_START_HOUR,
	DEFAULT_TIME_ZONE,
	studyDay,
	type DayOptions
} from '$lib/core/calendar/study-day';
import type { MemberRow } from './db';

/** The org's clock for a member (from the server), or the defaults before joining. */
export function dayOptionsOf(member: MemberRow | undefined | null): Required<DayOptions> {
	return {
		timeZone: member?.timeZone ?? DEFAULT_TIME_ZONE,
		startHour: member?.startHour ?? DEFAULT_START_HOUR
	};
}

/** Today's study day for a member: the org's zone and start hour, never the device's zone. */
export function todayFor(member: MemberRow | undefined | null, now = Date.now()): string {
	return studyDay(now, dayOptionsOf(member));
}
