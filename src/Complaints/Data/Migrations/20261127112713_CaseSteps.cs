using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Complaints.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "acknowledge_overdue_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "assigned_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "conclude_overdue_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "concluded_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "feedback",
                table: "complaints",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "finding_summary",
                table: "complaints",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "investigation_started_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "violation",
                table: "complaints",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "acknowledge_overdue_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "assigned_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "conclude_overdue_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "concluded_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "feedback",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "finding_summary",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "investigation_started_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "violation",
                table: "complaints");
        }
    }
}
