import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DeclarationStatus } from '../domain/declaration-status';
import type { DocumentMimeType, DocumentType } from '../domain/fee-declarations';

export const RESOURCES_KINDS = ['AMOUNT', 'UNKNOWN', 'REFUSED'] as const;
export type ResourcesKind = (typeof RESOURCES_KINDS)[number];

/**
 * A change of the household's fee situation declared by a parent with its proof, checked by a manager (issue #14 §4).
 * Null fields are not part of the declaration. Personal data: erased with the household, its file too.
 */
@Entity('fee_declarations')
export class FeeDeclarationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  /** Null when resources are not declared. */
  @Column({ name: 'resources_kind', type: 'text', nullable: true })
  resourcesKind!: ResourcesKind | null;

  /** Euros, when `resourcesKind` is AMOUNT. */
  @Column({ name: 'monthly_resources', type: 'numeric', precision: 12, scale: 2, nullable: true })
  monthlyResources!: string | null;

  @Column({ name: 'dependent_children', type: 'int', nullable: true })
  dependentChildren!: number | null;

  @Column({ name: 'aeeh_children', type: 'int', nullable: true })
  aeehChildren!: number | null;

  @Column({ name: 'document_type', type: 'text' })
  documentType!: DocumentType;

  /** The file's name in DOCUMENTS_DIR: a random id, never the client's file name. */
  @Column({ name: 'document_key', type: 'text' })
  documentKey!: string;

  /** Read from the file's bytes. */
  @Column({ name: 'document_mime', type: 'text' })
  documentMime!: DocumentMimeType;

  @Column({ name: 'document_size', type: 'int' })
  documentSize!: number;

  @Column({ name: 'document_sha256', type: 'text' })
  documentSha256!: string;

  @Column({ name: 'declared_by', type: 'uuid' })
  declaredBy!: string;

  @Column({ name: 'declared_at', type: 'timestamptz' })
  declaredAt!: Date;

  /** The first day of the month after the declaration (ISO date). */
  @Column({ name: 'applies_from', type: 'date' })
  appliesFrom!: string;

  @Column({ type: 'text', default: 'PENDING' })
  status!: DeclarationStatus;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
