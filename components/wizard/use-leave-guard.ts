"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * Keeps an open form from being left by the browser without a word. While `dirty`, a reload,
 * closing the tab or typing an address get the browser's own "Leave site?" (beforeunload). The
 * Back button, which in a single-page app would just unmount the form, pops a guard entry this
 * pushes while the form is open (same address, same router state, so nothing changes on screen)
 * and calls `onBack` instead: the form then asks, and calls `stay()` to guard again or `leave()`
 * to go back for real.
 */
export function useLeaveGuard(dirty: boolean, onBack: () => void) {
  const guarded = useRef(false);
  const onBackRef = useRef(onBack);
  useEffect(() => {
    onBackRef.current = onBack;
  }, [onBack]);

  const pushGuard = useCallback(() => {
    // The router's own state is copied, so the entry below it shows the same page.
    window.history.pushState(window.history.state, "", window.location.href);
    guarded.current = true;
  }, []);

  useEffect(() => {
    const onPopState = () => {
      if (!guarded.current) return;
      guarded.current = false;
      onBackRef.current();
    };
    // Pushed a moment later, so a mount that is undone at once (React's strict mode) pushes nothing.
    const timer = setTimeout(pushGuard, 0);
    window.addEventListener("popstate", onPopState);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("popstate", onPopState);
      // Closed: the guard entry goes, so Back means Back again.
      if (guarded.current) {
        guarded.current = false;
        window.history.back();
      }
    };
  }, [pushGuard]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  return {
    /** Back was answered with "stay": guard again. */
    stay: pushGuard,
    /** Back was answered with "leave": go where Back was going. */
    leave: () => window.history.back(),
  };
}
