using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Awards.Data.Migrations
{
    /// <inheritdoc />
    public partial class AwardsAndRevocations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "approved_results",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cycle_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cycle_year = table.Column<int>(type: "integer", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false),
                    total = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    award_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approved_results", x => x.application_id);
                });

            migrationBuilder.CreateTable(
                name: "awards",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cycle_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cycle_year = table.Column<int>(type: "integer", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false),
                    total = table.Column<decimal>(type: "numeric(5,1)", precision: 5, scale: 1, nullable: false),
                    plaque_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    funding_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    funding_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    awarded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    superseded_by_application_id = table.Column<Guid>(type: "uuid", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revocation_reason = table.Column<string>(type: "character varying(2400)", maxLength: 2400, nullable: true),
                    revocation_case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    revocation_complaint_id = table.Column<Guid>(type: "uuid", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_awards", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plaque_counters",
                columns: table => new
                {
                    cycle_year = table.Column<int>(type: "integer", nullable: false),
                    stars = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plaque_counters", x => new { x.cycle_year, x.stars });
                });

            migrationBuilder.CreateTable(
                name: "revocations",
                columns: table => new
                {
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    current_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    award_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    violation_confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decision_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revocations", x => x.correlation_id);
                });

            migrationBuilder.CreateTable(
                name: "substantiated_complaints",
                columns: table => new
                {
                    complaint_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    substantiated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    award_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_substantiated_complaints", x => x.complaint_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_approved_results_unit_id_cycle_year",
                table: "approved_results",
                columns: new[] { "unit_id", "cycle_year" });

            migrationBuilder.CreateIndex(
                name: "ix_awards_application_id",
                table: "awards",
                column: "application_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_awards_cycle_year_stars",
                table: "awards",
                columns: new[] { "cycle_year", "stars" });

            migrationBuilder.CreateIndex(
                name: "ix_awards_plaque_number",
                table: "awards",
                column: "plaque_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_awards_status_expires_at",
                table: "awards",
                columns: new[] { "status", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_awards_unit_id_active",
                table: "awards",
                column: "unit_id",
                unique: true,
                filter: "status = 'active'");

            migrationBuilder.CreateIndex(
                name: "ix_awards_unit_id_awarded_at",
                table: "awards",
                columns: new[] { "unit_id", "awarded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_revocations_award_id_current_state",
                table: "revocations",
                columns: new[] { "award_id", "current_state" });

            migrationBuilder.CreateIndex(
                name: "ix_revocations_current_state_opened_at",
                table: "revocations",
                columns: new[] { "current_state", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_substantiated_complaints_award_id",
                table: "substantiated_complaints",
                column: "award_id");

            migrationBuilder.CreateIndex(
                name: "ix_substantiated_complaints_unit_id",
                table: "substantiated_complaints",
                column: "unit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approved_results");

            migrationBuilder.DropTable(
                name: "awards");

            migrationBuilder.DropTable(
                name: "plaque_counters");

            migrationBuilder.DropTable(
                name: "revocations");

            migrationBuilder.DropTable(
                name: "substantiated_complaints");
        }
    }
}
