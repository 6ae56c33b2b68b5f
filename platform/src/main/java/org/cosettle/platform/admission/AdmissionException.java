package org.cosettle.platform.admission;

/** A policy is refused: {@link #reason()} says which rule it broke, the message says how, in words. */
public final class AdmissionException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a policy is refused. */
  public enum Reason {
    /** No regulator countersignature (not admitted), or no insurer signature. */
    UNSIGNED,
    /** The policy text differs from the text that was signed. */
    MODIFIED,
    /** A signature does not verify: the envelope or list was changed after signing. */
    BAD_SIGNATURE,
    /** Signed by a key that is not the trusted one. */
    UNKNOWN_SIGNER,
    /** The admission, the policy's validity window or a certificate has ended. */
    EXPIRED,
    /** The policy's validity window or a certificate has not begun. */
    NOT_YET_VALID,
    /** The policy's hash is on the regulator's revocation list. */
    REVOKED
  }

  private final Reason reason;

  public AdmissionException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
