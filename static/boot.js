// Apply large text before the first paint so a projector never flashes small text. A file, not
// an inline script, so the Content-Security-Policy can forbid inline scripts.
try {
	if (JSON.parse(localStorage.getItem('pocket-classroom:settings') || '{}').largeText)
		document.documentElement.classList.add('large-text');
} catch {
	// Storage blocked: default size.
}
