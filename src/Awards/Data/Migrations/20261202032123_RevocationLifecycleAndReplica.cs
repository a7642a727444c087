using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Awards.Data.Migrations
{
    /// <inheritdoc />
    public partial class RevocationLifecycleAndReplica : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_revocations",
                table: "revocations");

            migrationBuilder.DropColumn(
                name: "decision_requested_at",
                table: "revocations");

            migrationBuilder.RenameColumn(
                name: "current_state",
                table: "revocations",
                newName: "status");

            migrationBuilder.RenameColumn(
                name: "correlation_id",
                table: "revocations",
                newName: "complaint_id");

            migrationBuilder.RenameIndex(
                name: "ix_revocations_current_state_opened_at",
                table: "revocations",
                newName: "ix_revocations_status_opened_at");

            migrationBuilder.RenameIndex(
                name: "ix_revocations_award_id_current_state",
                table: "revocations",
                newName: "ix_revocations_award_id_status");

            migrationBuilder.AddColumn<string>(
                name: "department",
                table: "units",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "floor_area_m2",
                table: "units",
                type: "numeric(10,2)",
                precision: 10,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "id",
                table: "revocations",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "offence",
                table: "revocations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reversed_offence",
                table: "finding_reversals",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            // Revocations opened before offences were named keep the case's id as theirs; states become
            // the API's words (Pending → pending).
            migrationBuilder.Sql("UPDATE revocations SET id = complaint_id, status = lower(status)");

            migrationBuilder.AddPrimaryKey(
                name: "pk_revocations",
                table: "revocations",
                column: "id");

            migrationBuilder.CreateIndex(
                name: "ix_units_name",
                table: "units",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_units_parent_id",
                table: "units",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_revocations_complaint_id",
                table: "revocations",
                column: "complaint_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_units_name",
                table: "units");

            migrationBuilder.DropIndex(
                name: "ix_units_parent_id",
                table: "units");

            migrationBuilder.DropPrimaryKey(
                name: "pk_revocations",
                table: "revocations");

            migrationBuilder.DropIndex(
                name: "ix_revocations_complaint_id",
                table: "revocations");

            migrationBuilder.DropColumn(
                name: "department",
                table: "units");

            migrationBuilder.DropColumn(
                name: "floor_area_m2",
                table: "units");

            migrationBuilder.DropColumn(
                name: "id",
                table: "revocations");

            migrationBuilder.DropColumn(
                name: "offence",
                table: "revocations");

            migrationBuilder.DropColumn(
                name: "reversed_offence",
                table: "finding_reversals");

            migrationBuilder.RenameColumn(
                name: "status",
                table: "revocations",
                newName: "current_state");

            migrationBuilder.RenameColumn(
                name: "complaint_id",
                table: "revocations",
                newName: "correlation_id");

            migrationBuilder.RenameIndex(
                name: "ix_revocations_status_opened_at",
                table: "revocations",
                newName: "ix_revocations_current_state_opened_at");

            migrationBuilder.RenameIndex(
                name: "ix_revocations_award_id_status",
                table: "revocations",
                newName: "ix_revocations_award_id_current_state");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "decision_requested_at",
                table: "revocations",
                type: "timestamp with time zone",
                nullable: true);


            migrationBuilder.AddPrimaryKey(
                name: "pk_revocations",
                table: "revocations",
                column: "correlation_id");
        }
    }
}
