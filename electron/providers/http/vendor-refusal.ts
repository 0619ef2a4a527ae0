/**
 * What a vendor client's dialect makes of a refusal (a 4xx other than a rate limit): a
 * ProviderError that also carries the vendor's own words, for the provider to reword with
 * what to fix. Each vendor has its own subclass, so a provider rewords only its own.
 */
import { ProviderError } from '../../engine/ports';

export class VendorRefusal extends ProviderError {
  constructor(
    kind: 'auth' | 'rejected',
    message: string,
    status: number,
    /** The vendor's message, flattened: "Reference not found", "404 Project Not Found". */
    readonly vendorMessage: string,
  ) {
    super(kind, message, status);
  }
}
