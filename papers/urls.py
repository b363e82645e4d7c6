from django.urls import path

from papers import views

app_name = "papers"

urlpatterns = [
    path("papers/", views.my_papers, name="mine"),
    path("papers/reviews/", views.review_queue_view, name="review-queue"),
    path(
        "papers/submit/<slug:event_slug>/<slug:forum_slug>/",
        views.paper_submit,
        name="submit",
    ),
    path(
        "papers/board/<slug:event_slug>/<slug:forum_slug>/",
        views.decision_board_view,
        name="board",
    ),
    path("papers/<int:paper_id>/", views.paper_detail, name="detail"),
    path("papers/<int:paper_id>/edit/", views.paper_edit, name="edit"),
    path("papers/<int:paper_id>/file/", views.paper_file, name="file"),
    path(
        "papers/<int:paper_id>/versions/<int:number>/file/",
        views.paper_file,
        name="version-file",
    ),
    path("papers/<int:paper_id>/transition/", views.paper_transition_view, name="transition"),
    path("papers/<int:paper_id>/review/", views.paper_review_view, name="review"),
    path("papers/<int:paper_id>/assign/", views.paper_assign_view, name="assign"),
    path(
        "papers/<int:paper_id>/assignments/<int:assignment_id>/remove/",
        views.paper_unassign_view,
        name="unassign",
    ),
    path("papers/<int:paper_id>/claim/", views.paper_claim_view, name="claim"),
    path(
        "papers/<int:paper_id>/late-revision/",
        views.paper_late_revision_view,
        name="late-revision",
    ),
]
