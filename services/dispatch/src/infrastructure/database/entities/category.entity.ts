import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The category tree as dispatch routes by it: a group (parent null) or a category under its group. */
@Entity({ name: 'categories' })
export class CategoryRecord {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text', name: 'parent_code', nullable: true })
  parentCode!: string | null;

  @Column({ type: 'text' })
  name!: string;
}
