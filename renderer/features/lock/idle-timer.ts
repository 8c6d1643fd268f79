// Counts idle time for the app lock. Input events arrive many times a second (every pointer
// move), so they only note the time; a single timer checks when the idle time could be up and
// re-arms for the rest when there was input in between.

export type IdleTimer = {
  /** The user did something: the idle time starts over. */
  activity(): void;
  stop(): void;
};

export function createIdleTimer(
  timeoutMs: number,
  onIdle: () => void,
  now: () => number = Date.now,
): IdleTimer {
  let lastActivity = now();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const arm = (delayMs: number): void => {
    timer = setTimeout(check, delayMs);
  };
  function check(): void {
    timer = null;
    const idleFor = now() - lastActivity;
    if (idleFor >= timeoutMs) {
      onIdle();
      return;
    }
    arm(timeoutMs - idleFor);
  }
  arm(timeoutMs);

  return {
    activity() {
      lastActivity = now();
      // After it fired the timer is gone: activity alone never locks again or re-arms.
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
