import { SloError, SloErrorCode } from '../errors';

/**
 * The SP an index serves (`SessionIndex.forServiceProvider`): set once by `createSlo`; a
 * second, different SP is refused, so one index object never mixes two SPs' logins.
 *
 * @example
 * ```ts
 * const scope = new ServiceProviderScope('RedisSessionIndex');
 * scope.set('https://sp.example.com/saml/metadata');
 * scope.entityID; // 'https://sp.example.com/saml/metadata'
 * ```
 */
export class ServiceProviderScope {
  private current: string | undefined;

  constructor(private readonly indexName: string) {}

  /** The SP's entityID, once `createSlo` has given it. */
  get entityID(): string | undefined {
    return this.current;
  }

  /**
   * Records the SP; the same one again is a no-op.
   *
   * @throws {SloError} `SLO_OPTION_INVALID` when another SP was recorded.
   */
  set(entityID: string): void {
    if (this.current !== undefined && this.current !== entityID) {
      throw new SloError(
        SloErrorCode.OptionInvalid,
        `saml-slo option sessionIndex: this ${this.indexName} already serves the SP ${this.current}; give the SP ${entityID} its own index`,
        { option: 'sessionIndex' },
      );
    }
    this.current = entityID;
  }
}
