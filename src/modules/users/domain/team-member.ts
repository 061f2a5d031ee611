/** An account as its team's page shows it. */
export interface TeamMember {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** False until its owner follows the invitation's (or a reset) link. */
  readonly emailVerified: boolean;
  readonly disabled: boolean;
}
