package dev.escarp.cdp.reset;

/**
 * The tab a verified reset left: its target id and the id of its one history entry. Chromium gives
 * every committed navigation (replacements included) a new entry id, so the same id later proves
 * that nothing committed in the tab since.
 */
record KeptTab(String targetId, int entryId) {}
