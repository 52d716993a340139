"""Requests (the voice of the customer): the request, its conversation and history, and kind-specific details."""

from prima.tickets.models.details import (
    Appointment,
    ComplaintDetails,
    LetterDetails,
    Order,
    OrderChange,
    OrderLine,
)
from prima.tickets.models.history import OwnershipChange, StatusChange, TicketAttachment, TicketMessage
from prima.tickets.models.submission import IntakeStatus, IntakeSubmission
from prima.tickets.models.taxonomy import CannedReply, Category, Tag
from prima.tickets.models.ticket import Ticket

__all__ = [
    "Appointment",
    "CannedReply",
    "Category",
    "ComplaintDetails",
    "IntakeStatus",
    "IntakeSubmission",
    "LetterDetails",
    "Order",
    "OrderChange",
    "OrderLine",
    "OwnershipChange",
    "StatusChange",
    "Tag",
    "Ticket",
    "TicketAttachment",
    "TicketMessage",
]
