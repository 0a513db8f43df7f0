import { TooManyRequestsError, type CounterStore } from '@mcp-portal/kit';

export interface ThrottleLimits {
  failuresPerAccount: number;
  failuresPerAddress: number;
  windowSeconds: number;
}

/**
 * Failed sign-ins are counted per account and per client address in a time window (in Redis when
 * present, so every auth replica sees the same counts); past a limit, sign-in is refused until the
 * window ends, even with the right password. A successful sign-in clears the account's count.
 */
export class LoginThrottle {
  constructor(
    private readonly counters: CounterStore,
    private readonly limits: ThrottleLimits,
  ) {}

  private keys(email: string, address: string | null) {
    return { account: `login-failures:account:${email}`, address: address ? `login-failures:address:${address}` : null };
  }

  async assertAllowed(email: string, address: string | null): Promise<void> {
    const keys = this.keys(email, address);
    const [account, fromAddress] = await Promise.all([
      this.counters.peek(keys.account),
      keys.address ? this.counters.peek(keys.address) : Promise.resolve({ count: 0, resetInSeconds: 0 }),
    ]);
    const blockedFor = Math.max(
      account.count >= this.limits.failuresPerAccount ? account.resetInSeconds : 0,
      fromAddress.count >= this.limits.failuresPerAddress ? fromAddress.resetInSeconds : 0,
    );
    if (blockedFor > 0) {
      const minutes = Math.max(1, Math.ceil(blockedFor / 60));
      throw new TooManyRequestsError(`Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
  }

  async failed(email: string, address: string | null): Promise<void> {
    const keys = this.keys(email, address);
    await this.counters.increment(keys.account, this.limits.windowSeconds);
    if (keys.address) await this.counters.increment(keys.address, this.limits.windowSeconds);
  }

  async succeeded(email: string): Promise<void> {
    await this.counters.reset(this.keys(email, null).account);
  }
}
