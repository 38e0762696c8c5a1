// 今日 as the installed app opens it: the same page as `/`, prerendered with its content (the day
// with nothing done yet, the lines the page shows until the device's database answers). The
// service worker answers a navigation to `/` with this document (src/service-worker.ts), so an
// offline cold start shows 今日 as soon as the document is parsed, before SvelteKit starts, and
// its links work before then; SvelteKit then hydrates it at `/` (issue #14: 今日 at 4× CPU came
// after SvelteKit's start and the shell, 530 ms, and a bare SvelteKit page there takes 430–675).
// The server's own `/` stays a client-rendered shell: a first visit draws in small tasks while
// the banks install, where hydrating all of 今日 at once was a task of 100–140 ms at 4×.
// (No `load` here: any universal load brings SvelteKit's load tracking into every page's first
// files, 0.6 KiB gzip.)
export const ssr = true;
