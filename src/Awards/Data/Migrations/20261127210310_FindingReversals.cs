using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Awards.Data.Migrations
{
    /// <inheritdoc />
    public partial class FindingReversals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reversal_summary",
                table: "substantiated_complaints",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "reversed_at",
                table: "substantiated_complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reversal_summary",
                table: "revocations",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "violation_reversed_at",
                table: "revocations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "finding_reversals",
                columns: table => new
                {
                    complaint_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    substantiation_reversed = table.Column<bool>(type: "boolean", nullable: false),
                    violation_reversed = table.Column<bool>(type: "boolean", nullable: false),
                    reversed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_finding_reversals", x => x.complaint_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "finding_reversals");

            migrationBuilder.DropColumn(
                name: "reversal_summary",
                table: "substantiated_complaints");

            migrationBuilder.DropColumn(
                name: "reversed_at",
                table: "substantiated_complaints");

            migrationBuilder.DropColumn(
                name: "reversal_summary",
                table: "revocations");

            migrationBuilder.DropColumn(
                name: "violation_reversed_at",
                table: "revocations");
        }
    }
}
