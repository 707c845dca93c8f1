/** The parts of YouTube Data API v3 resources the collector reads (see data/fixtures/youtube/). */

export type YtMethod =
  | "channels.list"
  | "channelSections.list"
  | "subscriptions.list"
  | "playlistItems.list"
  | "videos.list"
  | "commentThreads.list"
  | "comments.list"
  | "search.list";

export interface YtListResponse<T> {
  kind?: string;
  nextPageToken?: string;
  pageInfo?: { totalResults?: number; resultsPerPage?: number };
  items?: T[];
}

export interface YtChannel {
  id: string;
  snippet?: { title?: string; description?: string; customUrl?: string; publishedAt?: string; country?: string };
  statistics?: { viewCount?: string; subscriberCount?: string; hiddenSubscriberCount?: boolean; videoCount?: string };
  contentDetails?: { relatedPlaylists?: { uploads?: string } };
}

export interface YtChannelSection {
  id: string;
  snippet?: { type?: string; channelId?: string };
  contentDetails?: { channels?: string[]; playlists?: string[] };
}

export interface YtSubscription {
  id: string;
  snippet?: { channelId?: string; title?: string; resourceId?: { kind?: string; channelId?: string } };
}

export interface YtPlaylistItem {
  id: string;
  snippet?: { channelId?: string; title?: string; publishedAt?: string; resourceId?: { videoId?: string } };
  contentDetails?: { videoId?: string; videoPublishedAt?: string };
}

export interface YtVideo {
  id: string;
  snippet?: { channelId?: string; title?: string; publishedAt?: string };
  statistics?: { commentCount?: string };
}

export interface YtCommentSnippet {
  authorDisplayName?: string;
  authorChannelId?: { value?: string };
  textOriginal?: string;
  textDisplay?: string;
  parentId?: string;
  videoId?: string;
  likeCount?: number;
  publishedAt?: string;
}

export interface YtComment {
  id: string;
  snippet?: YtCommentSnippet;
}

export interface YtCommentThread {
  id: string;
  snippet?: { videoId?: string; channelId?: string; topLevelComment?: YtComment; totalReplyCount?: number };
  replies?: { comments?: YtComment[] };
}

export interface YtSearchResult {
  id?: { kind?: string; channelId?: string; videoId?: string };
  snippet?: { channelId?: string; title?: string };
}

export interface YtErrorBody {
  error?: { code?: number; message?: string; errors?: { message?: string; domain?: string; reason?: string }[] };
}
