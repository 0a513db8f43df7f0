import { TooManyRequestsError, type CounterStore } from '@mcp-portal/kit';

export interface ThrottleLimits {
  failuresPerAccount: number;
  failuresPerAddress: number;
  windowSeconds: number;
}

/** A place taken before a password is checked; `succeeded` gives it back when the password was right. */
export interface ThrottleReservation {
  succeeded(): Promise<void>;
}

function refusal(blockedForSeconds: number): TooManyRequestsError {
  const minutes = Math.max(1, Math.ceil(blockedForSeconds / 60));
  return new TooManyRequestsError(`Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
}

/**
 * Failed sign-ins are counted per account and per client address in a time window (in Redis when
 * present, so every auth replica sees the same counts); past a limit, sign-in is refused until the
 * window ends, even with the right password.
 *
 * Each attempt is counted *before* its password is checked, with the counter's atomic increment, so
 * attempts that arrive together cannot all pass one check of an old count: the first `failuresPerAccount`
 * of them are checked, the others refused. A right password then gives the places back: the account's
 * count is cleared, and a per-address refund is counted (the address count is attempts minus refunds,
 * so a busy office behind one address is not locked out by its own successful sign-ins).
 */
export class LoginThrottle {
  constructor(
    private readonly counters: CounterStore,
    private readonly limits: ThrottleLimits,
  ) {}

  private keys(email: string, address: string | null) {
    return {
      account: `login-failures:account:${email}`,
      addressAttempts: address ? `login-attempts:address:${address}` : null,
      addressRefunds: address ? `login-refunds:address:${address}` : null,
    };
  }

  /** Takes a place for one password check, or refuses (TooManyRequestsError) when the limit is reached. */
  async reserve(email: string, address: string | null): Promise<ThrottleReservation> {
    const keys = this.keys(email, address);
    const account = await this.counters.increment(keys.account, this.limits.windowSeconds);
    if (account.count > this.limits.failuresPerAccount) throw refusal(account.resetInSeconds);
    let refund = async () => {};
    if (keys.addressAttempts && keys.addressRefunds) {
      const refundsKey = keys.addressRefunds;
      const attempts = await this.counters.increment(keys.addressAttempts, this.limits.windowSeconds);
      const refunds = await this.counters.peek(refundsKey);
      if (attempts.count - refunds.count > this.limits.failuresPerAddress) throw refusal(attempts.resetInSeconds);
      // Refunds end with the window of the attempts they offset.
      refund = async () => void (await this.counters.increment(refundsKey, Math.max(1, attempts.resetInSeconds)));
    }
    return {
      succeeded: async () => {
        await this.counters.reset(keys.account);
        await refund();
      },
    };
  }
}
