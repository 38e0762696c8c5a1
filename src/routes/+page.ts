// 今日 is the installed app's start page, so it is prerendered with its content (the day with
// nothing done yet, the same lines the page shows until the device's database answers): a cold
// start shows it as soon as the document is parsed, before SvelteKit starts, and its links work
// before then. Everything in it reads the device in the browser only (issue #14: 今日 on screen
// at 4× CPU came after SvelteKit's start and the shell, 530 ms; the floor of a bare SvelteKit app
// there was 430–675 ms). Other pages stay client-rendered shells (routes/+layout.ts).
export const ssr = true;
